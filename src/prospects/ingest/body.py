"""Checks on an extracted page body: headline lists kept as text, and how much prose it holds.

An extractor keeps what looks like content, and a "Most read" box of ten headlines inside the
article's container looks like ten short paragraphs. Such a run of short lines without sentence
punctuation is dropped here, with a warning quoting its start. The same notion of prose (a
paragraph that ends like a sentence) measures whether a body is much shorter than the page's
visible text. Limits and marks: data/extraction.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from prospects import wordlists
from prospects.records import count_words

_PACKAGE, _FILE = "prospects.ingest", "extraction.yaml"
_QUOTED_START = 60


@dataclass(frozen=True)
class Body:
    text: str
    warnings: tuple[str, ...] = ()


def drop_link_lists(text: str) -> Body:
    """`text` (blank-line separated paragraphs) without its runs of link-like lines."""
    paragraphs = text.split("\n\n")
    keep = [True] * len(paragraphs)
    warnings: list[str] = []
    for start, end in _link_runs(paragraphs):
        for i in range(start, end):
            keep[i] = False
        first = paragraphs[start]
        quoted = first if len(first) <= _QUOTED_START else first[: _QUOTED_START - 1] + "…"
        warnings.append(
            f"dropped {end - start} short lines without sentence punctuation "
            f"(a list of links, starting {quoted!r})"
        )
    if not any(keep):
        return Body(text)  # nothing but a list: no article to protect it from, keep what it is
    return Body("\n\n".join(p for p, k in zip(paragraphs, keep, strict=True) if k), tuple(warnings))


def prose_words(text: str) -> int:
    """Words in the paragraphs of `text` (split at blank lines) that end like a sentence."""
    return sum(count_words(p) for p in text.split("\n\n") if is_prose(p))


def is_article_text(text: str) -> bool:
    """Mostly prose: a body made of link lists, menus or captions is no article text."""
    words = count_words(text)
    return words > 0 and prose_words(text) >= _share("article_prose_share") * words


def is_prose(paragraph: str) -> bool:
    end = paragraph.rstrip().rstrip("".join(_marks("closing_marks")))
    return end.endswith(_marks("sentence_ends"))


def limit(key: str) -> int:
    return wordlists.integer(_PACKAGE, _FILE, key)


def share(key: str) -> float:
    return _share(key)


def _link_runs(paragraphs: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of at least the minimum number of link-like paragraphs that no
    colon announces and that is no table of figures."""
    runs: list[tuple[int, int]] = []
    start = None
    for i, paragraph in enumerate([*paragraphs, "."]):  # a sentence at the end closes a run
        if _link_like(paragraph):
            start = i if start is None else start
            continue
        if start is not None and i - start >= limit("link_list_min_lines"):
            announced = start > 0 and paragraphs[start - 1].rstrip().endswith(":")
            if not announced and not _is_table(paragraphs[start:i]):
                runs.append((start, i))
        start = None
    return runs


def _is_table(lines: list[str]) -> bool:
    """Rows of figures (results, scores, prices flattened into lines), not headlines."""
    with_figures = sum(any(c.isdigit() for c in line) for line in lines)
    return with_figures > _share("link_list_max_figure_share") * len(lines)


def _link_like(paragraph: str) -> bool:
    words = count_words(paragraph)
    return 0 < words <= limit("link_line_max_words") and not is_prose(paragraph)


@cache
def _marks(key: str) -> tuple[str, ...]:
    return wordlists.phrases(_PACKAGE, _FILE, key)


@cache
def _share(key: str) -> float:
    return wordlists.number(_PACKAGE, _FILE, key)
