"""The leaderboard is computed once per ledger revision, off the request path after the first."""

from __future__ import annotations

from datetime import date

from prospects import reality
from prospects.web.scoreboard import Scoreboard


def test_a_board_is_reused_until_the_ledger_moves_then_refreshed(ledger) -> None:
    calls: list[str] = []

    def compute(led, by):
        calls.append(by)
        return reality.scores(led, by=by)[0]

    board = Scoreboard(ledger, compute)
    first = board.board("source")
    assert board.board("source") is first and calls == ["source"]
    open_ = ledger.forecasts(status="open")
    reality.resolve(ledger, open_[0].id, "yes", "https://example.org", "t", date(2099, 1, 1))
    stale = board.board("source")
    assert stale.stale and stale.groups == first.groups  # at once, marked as old
    board.wait()
    fresh = board.board("source")
    assert not fresh.stale and fresh.revision == ledger.revision() and len(calls) == 2


def test_the_scores_page_says_when_it_was_computed(client) -> None:
    html = client.get("/scores").text
    assert "Computed " in html and "UTC" in html
