"""The leaderboard: scores by source, source type or outlet, with the intervals and the
small-n warnings of `prospects score`."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from prospects.reality.scoring import AUC_MIN_EACH, GROUPINGS
from prospects.web.render import Page, respond

router = APIRouter()


PAGE_SIZE = 100


@router.get("/scores", include_in_schema=False)
def scores(request: Request) -> Response:
    params = request.query_params
    return respond(request, scores_page(request, params.get("by", "source"), params.get("page")))


def scores_page(request: Request, by: str, page: str | int | None = None) -> Page:
    if by not in GROUPINGS:
        raise HTTPException(400, f"by: {by!r} is not one of {', '.join(GROUPINGS)}")
    raw = str(page or "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise HTTPException(400, f"page: {page!r} is not a page number")
    number = int(raw)
    board = request.app.state.scoreboard.board(by)
    first = (number - 1) * PAGE_SIZE
    groups = board.groups[first : first + PAGE_SIZE]
    rows = []
    for g in groups:
        d = g.to_dict()
        d.update({f"pledges_{k}": v for k, v in d.pop("pledges").items()})
        d.update(d.pop("murphy") or {})
        d.pop("bins")
        rows.append(d)
    return Page(
        "scores.html",
        f"Scores by {by}",
        rows=rows,
        data=[g.to_dict() for g in groups],
        context={
            "groups": groups,
            "board": board,
            "by": by,
            "groupings": GROUPINGS,
            "auc_min": AUC_MIN_EACH,
            "page": number,
            "more": len(board.groups) > first + PAGE_SIZE,
            "total": len(board.groups),
        },
        name=f"scores-by-{by}",
    )
