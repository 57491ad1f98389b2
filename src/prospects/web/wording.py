"""How the pages put figures into words, so that a number carries its meaning."""

from __future__ import annotations

from prospects.reality.scoring import MIN_RESOLVED


def small_n(n: int) -> str | None:
    """What a count of resolved forecasts is worth as evidence, in words (None: enough)."""
    if n == 0:
        return "nothing resolved yet"
    if n < 5:
        return f"n = {n}: an anecdote"
    if n < MIN_RESOLVED:
        return f"n = {n}: too few to rank"
    return None
