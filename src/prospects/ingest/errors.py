"""The one exception the format readers raise, turned into an `IngestError` at the edge."""

from __future__ import annotations

from prospects.records import IngestError

MB = 1024 * 1024


class Unreadable(Exception):
    """An input (or one member of it) that gives no article; the message is the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(one_line(reason))
        self.reason = one_line(reason)

    def error(self, input: str) -> IngestError:
        return IngestError(input, self.reason)


def one_line(message: str, limit: int = 300) -> str:
    """A reason the CLI can print on one line: whitespace collapsed, long messages cut."""
    flat = " ".join(str(message).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def size(n: int) -> str:
    """Bytes for a person: '200.0 MB'."""
    return f"{n / MB:.1f} MB"


def too_large(actual: int | None, limit: int) -> Unreadable:
    """The reason for refusing an input over the limit (actual None: only known to be bigger)."""
    how_big = size(actual) if actual is not None else f"more than {size(limit)}"
    return Unreadable(f"too large: {how_big}, the limit is {limit / MB:g} MB (use --max-bytes)")
