"""An article's text cut into runs for the article page: each run knows which quotes and
forecasts cover it, so the page can mark them without putting markup into the text itself
(every run is escaped as plain text by the template)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Mark:
    """A stretch of text that is a quote or a forecast; `key` is its id in the page."""

    key: str
    kind: str  # "quote" | "forecast"
    start: int
    end: int


@dataclass(frozen=True)
class Run:
    text: str
    marks: tuple[Mark, ...]

    @property
    def forecast(self) -> Mark | None:
        return next((m for m in self.marks if m.kind == "forecast"), None)

    @property
    def quoted(self) -> bool:
        return any(m.kind == "quote" for m in self.marks)


def runs(text: str, marks: Sequence[Mark]) -> list[Run]:
    """`text` cut at every mark's start and end; marks outside the text are ignored."""
    inside = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in inside), *(m.end for m in inside)})
    found = []
    for start, end in pairwise(cuts):
        covering = tuple(m for m in inside if m.start <= start and end <= m.end)
        found.append(Run(text[start:end], covering))
    return found
