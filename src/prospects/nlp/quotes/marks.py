"""Quotation marks: the quoted stretches of a text, and the paragraphs they may not run across.

A direct quote is found from its marks alone (straight, curly, « », single), paragraph by
paragraph; a paragraph that opens a quote without closing it continues into the next paragraph
when that one reopens it (news style for long quotes).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from prospects.ingest.layout import paragraph_spans

OPEN_DOUBLE = "“«„"
CLOSE_DOUBLE = "”»"
STRAIGHT_DOUBLE = '"'
SINGLE_OPEN = "‘'‹"
SINGLE_CLOSE = "’'›"
_MAX_QUOTE_CHARS = 5000  # an "open" mark further from its close than this is a stray mark
_MAX_SINGLE_CHARS = 300


@dataclass(frozen=True)
class Marked:
    """A stretch of text between quotation marks: `start`/`end` exclude the marks."""

    start: int
    end: int


def _opens_quote(text: str, start: int) -> bool:
    return text[start] in OPEN_DOUBLE + STRAIGHT_DOUBLE


def double_quoted(text: str) -> list[Marked]:
    """Spans between double quotation marks (one pass over the text).

    A quote left open at the end of a paragraph continues when the next paragraph opens with a
    quotation mark; otherwise it ends with its paragraph (an unbalanced mark does not swallow the
    rest of the article)."""
    # typewriter style writes a double mark as two single ones: '' (and `` to open)
    text = text.replace("''", '" ').replace("``", '" ')
    found: list[Marked] = []
    carried: int | None = None  # start of a quote continued from the previous paragraph
    paragraphs = paragraph_spans(text)
    for n, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        i = p_start
        if carried is not None:
            open_at, i = carried, p_start + 1  # past the mark that reopens the quote
            carried = None
        while i < p_end:
            ch = text[i]
            if ch in OPEN_DOUBLE or (ch == STRAIGHT_DOUBLE and open_at is None):
                if open_at is None or ch in OPEN_DOUBLE:
                    open_at = i + 1
            elif (ch in CLOSE_DOUBLE or ch == STRAIGHT_DOUBLE) and open_at is not None:
                if i > open_at:
                    found.append(Marked(open_at, i))
                open_at = None
            i += 1
        if open_at is not None:
            following = paragraphs[n + 1] if n + 1 < len(paragraphs) else None
            if (
                following
                and _opens_quote(text, following[0])
                and p_end - open_at < _MAX_QUOTE_CHARS
            ):
                carried = open_at
            elif p_end > open_at:
                found.append(Marked(open_at, p_end))
    return [m for m in (_strip(text, m) for m in found) if m.end - m.start > 1]


def _strip(text: str, marked: Marked) -> Marked:
    start, end = marked.start, marked.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return Marked(start, end)


def single_quoted(text: str, outside: list[Marked]) -> list[Marked]:
    """Spans between single quotation marks, outside double-quoted text.

    A single mark is an apostrophe unless it opens at a word start and closes at a word end; an
    opening mark with no close in the same paragraph within a few hundred characters is ignored."""
    found: list[Marked] = []
    blocked = sorted((m.start - 1, m.end + 1) for m in outside)
    b = 0
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == "\n":
            open_at = None
            continue
        if ch not in SINGLE_OPEN and ch not in SINGLE_CLOSE:
            continue
        if text[i - 1 : i + 1] == "''" or text[i : i + 2] == "''":
            continue  # a typewriter double mark, handled by double_quoted
        while b < len(blocked) and blocked[b][1] <= i:
            b += 1
        if b < len(blocked) and blocked[b][0] <= i < blocked[b][1]:
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        closes = ch in SINGLE_CLOSE and not before.isspace() and not after.isalnum()
        if open_at is not None and closes:
            if i - open_at <= _MAX_SINGLE_CHARS and i > open_at:
                found.append(Marked(open_at, i))
            open_at = None
            continue
        if ch in SINGLE_OPEN and (before.isspace() or before in "([—–-") and after.isalnum():
            open_at = i + 1
    return [m for m in (_strip(text, m) for m in found) if m.end - m.start > 1]


class Intervals:
    """Sorted, non-overlapping character spans (the quoted stretches), searched by bisection so
    that a long article with thousands of quotes stays linear-logarithmic."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.ends = [e for _, e in self.spans]

    def overlapping(self, start: int, end: int) -> range:
        """Indexes of the spans that overlap [start, end)."""
        return range(bisect.bisect_right(self.ends, start), bisect.bisect_left(self.starts, end))

    def covered(self, start: int, end: int) -> int:
        """Characters of [start, end) inside the spans."""
        return sum(
            min(end, self.ends[i]) - max(start, self.starts[i])
            for i in self.overlapping(start, end)
        )


class Paragraphs:
    """The paragraphs of a text (prospects.ingest.layout: its lines that hold more than
    whitespace), found by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = paragraph_spans(text)
        self.starts = [s for s, _ in self.spans]

    def _index(self, at: int) -> int:
        # a character between paragraphs goes with the one before it
        return max(bisect.bisect_right(self.starts, at) - 1, 0)

    def bounds(self, at: int) -> tuple[int, int]:
        """The paragraph holding character `at`."""
        return self.spans[self._index(at)] if self.spans else (0, len(self.text))

    def previous_start(self, at: int) -> int:
        """Where the paragraph before the one holding `at` starts (0 for the first)."""
        k = self._index(at)
        return self.spans[k - 1][0] if k > 0 else 0


def quoted_intervals(text: str) -> Intervals:
    """The double- and single-quoted stretches of a text."""
    marked = double_quoted(text)
    marked += single_quoted(text, marked)
    return Intervals([(m.start, m.end) for m in marked])
