"""The leaderboards, kept off the request path.

Scoring reads every forecast of the ledger (a million on the benchmark's ledger, minutes of
work), so a page cannot compute it per request. The scoreboard keeps the last leaderboard of
each grouping with the ledger revision it was computed at. A request gets it at once; when the
ledger has moved since, the request still gets it, marked with when it was computed, and one
background thread computes the new one. Only the very first request of a grouping waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from prospects import reality
from prospects.ledger import Ledger
from prospects.reality import GroupScore


@dataclass(frozen=True)
class Board:
    by: str
    groups: tuple[GroupScore, ...]
    revision: str
    computed_at: datetime
    stale: bool = False  # the ledger has moved since; a new board is being computed


class Scoreboard:
    def __init__(
        self, ledger: Ledger, compute: Callable[[Ledger, str], list[GroupScore]] | None = None
    ) -> None:
        self.ledger = ledger
        self.compute = compute or (lambda led, by: reality.scores(led, by=by)[0])
        self.boards: dict[str, Board] = {}
        self.lock = threading.Lock()
        self.refreshing: set[str] = set()

    def board(self, by: str) -> Board:
        revision = self.ledger.revision()
        with self.lock:
            found = self.boards.get(by)
        if found is None:
            return self._compute(by, revision)
        if found.revision == revision:
            return found
        self._refresh_in_background(by)
        return Board(found.by, found.groups, found.revision, found.computed_at, stale=True)

    def _compute(self, by: str, revision: str) -> Board:
        made = Board(by, tuple(self.compute(self.ledger, by)), revision, datetime.now(UTC))
        with self.lock:
            self.boards[by] = made
        return made

    def _refresh_in_background(self, by: str) -> None:
        with self.lock:
            if by in self.refreshing:
                return
            self.refreshing.add(by)

        def work() -> None:
            try:
                self._compute(by, self.ledger.revision())
            finally:
                with self.lock:
                    self.refreshing.discard(by)

        threading.Thread(target=work, name=f"scores-by-{by}", daemon=True).start()

    def wait(self, timeout: float = 60.0) -> None:
        """Until no board is being computed (for tests)."""
        for thread in threading.enumerate():
            if thread.name.startswith("scores-by-"):
                thread.join(timeout)
