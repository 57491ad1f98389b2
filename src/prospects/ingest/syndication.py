"""Syndicated copies: one wire story printed by several outlets, recognised by its text alone.

Two articles are copies when the Jaccard similarity of their word shingles (runs of `shingle`
words of the normalised text) reaches `threshold`; MinHash signatures estimate it, and LSH
banding (datasketch.MinHashLSH in memory, `band_keys` for a database) finds the candidates
without comparing every pair. The parameters, and how they were chosen, are in
data/syndication.yaml (scripts/measure_syndication.py measures them).

An outlet's edits of a wire story (its own headline, a dateline or a closing line added, a
paragraph cut, a word changed, other quote marks) change a small share of the shingles; two
stories on one topic share few runs of five words.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from prospects import wordlists

_PACKAGE, _FILE = "prospects.ingest", "syndication.yaml"
# \w keeps letters and digits of every script; quote marks, dashes and spacing drop out,
# which is what outlets change most when they restyle a wire story
_WORD = re.compile(r"\w+")
# named, not left to datasketch's default: stored hash values carry no trace of their scheme
_SCHEME = "affine32"


def threshold() -> float:
    return wordlists.number(_PACKAGE, _FILE, "threshold")


def shingle_size() -> int:
    return wordlists.integer(_PACKAGE, _FILE, "shingle")


def num_perm() -> int:
    return wordlists.integer(_PACKAGE, _FILE, "num_perm")


def seed() -> int:
    return wordlists.integer(_PACKAGE, _FILE, "seed")


def words(text: str) -> list[str]:
    """The text's words, normalised: NFKC, case-folded, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int | None = None) -> set[bytes]:
    size = shingle_size() if size is None else size
    found = words(text)
    if len(found) < size:
        # a text shorter than one shingle is its own single shingle, so it still matches itself
        return {" ".join(found).encode("utf-8")} if found else set()
    return {" ".join(found[i : i + size]).encode("utf-8") for i in range(len(found) - size + 1)}


def signature(text: str, *, size: int | None = None) -> MinHash:
    """The MinHash of the text's word shingles (num_perm and seed from the data file, so every
    signature, in any process, is comparable with every other)."""
    minhash = MinHash(
        num_perm=num_perm(), seed=seed(), scheme=_SCHEME, permutations=_permutations()
    )
    minhash.update_batch(sorted(shingles(text, size)))
    return minhash


@cache  # drawn from the seed once: most of a short text's signature time otherwise
def _permutations() -> Any:
    return MinHash(num_perm=num_perm(), seed=seed(), scheme=_SCHEME).permutations


def to_bytes(minhash: MinHash) -> bytes:
    """The signature's hash values, for storage (num_perm 32-bit integers, little-endian)."""
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype="<u4").astype(np.uint32)
    return MinHash(num_perm=len(values), seed=seed(), hashvalues=values, scheme=_SCHEME)


def similarity(a: MinHash, b: MinHash) -> float:
    return float(a.jaccard(b))


def bands(threshold_: float | None = None) -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for the threshold, so an SQL lookup by
    `band_keys` finds what MinHashLSH would."""
    return _bands(threshold() if threshold_ is None else threshold_, num_perm())


@cache  # MinHashLSH integrates its error curves to pick them: 27 ms a call
def _bands(threshold_: float, perms: int) -> tuple[int, int]:
    lsh = MinHashLSH(threshold=threshold_, num_perm=perms)
    return lsh.b, lsh.r


def band_keys(minhash: MinHash, threshold_: float | None = None) -> list[int]:
    """One signed 64-bit key per band (band number and its rows hashed together): two signatures
    that share a key are LSH candidates. Signed so that it fits a BIGINT column."""
    b, r = bands(threshold_)
    values = np.asarray(minhash.hashvalues, dtype="<u4")
    keys = []
    for band in range(b):
        digest = hashlib.blake2b(
            band.to_bytes(2, "little") + values[band * r : (band + 1) * r].tobytes(),
            digest_size=8,
        ).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


class CopyIndex:
    """Articles in order; `add` says which earlier article each one copies.

    A copy of a copy is linked to the first article of its group (its "original"), so a group
    of syndicated copies always points at one article. An article added twice (one text, one id)
    is not a copy of itself."""

    def __init__(self, threshold_: float | None = None) -> None:
        self.threshold = threshold() if threshold_ is None else threshold_
        self._lsh = MinHashLSH(
            threshold=self.threshold, num_perm=num_perm(), params=bands(self.threshold)
        )
        self._signatures: dict[str, MinHash] = {}
        self._order: dict[str, int] = {}
        self._original: dict[str, str | None] = {}

    def add(self, article_id: str, minhash: MinHash) -> str | None:
        if article_id in self._original:
            return self._original[article_id]
        matches = [
            key
            for key in self._lsh.query(minhash)
            if similarity(self._signatures[key], minhash) >= self.threshold
        ]
        original = None
        if matches:
            first = min(matches, key=self._order.__getitem__)
            original = self._original[first] or first
        self._lsh.insert(article_id, minhash)
        self._signatures[article_id] = minhash
        self._order[article_id] = len(self._order)
        self._original[article_id] = original
        return original

    def add_text(self, article_id: str, text: str) -> str | None:
        return self.add(article_id, signature(text))


def link(articles: Iterable[tuple[str, str]], threshold_: float | None = None) -> list[str | None]:
    """For each (article id, text) in order, the id of the earlier article it copies, or None."""
    index = CopyIndex(threshold_)
    return [index.add_text(article_id, text) for article_id, text in articles]


def link_signatures(
    signatures: Sequence[tuple[str, MinHash]], threshold_: float | None = None
) -> list[str | None]:
    index = CopyIndex(threshold_)
    return [index.add(article_id, minhash) for article_id, minhash in signatures]
