"""The leaderboard: scores by source, source type or outlet, with the intervals and the
small-n warnings of `prospects score`."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from prospects import reality
from prospects.reality.scoring import AUC_MIN_EACH, GROUPINGS
from prospects.web.render import Page, respond

router = APIRouter()


@router.get("/scores", include_in_schema=False)
def scores(request: Request) -> Response:
    return respond(request, scores_page(request, request.query_params.get("by", "source")))


def scores_page(request: Request, by: str) -> Page:
    if by not in GROUPINGS:
        raise HTTPException(400, f"by: {by!r} is not one of {', '.join(GROUPINGS)}")
    groups, _ = reality.scores(request.app.state.ledger, by=by)
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
            "by": by,
            "groupings": GROUPINGS,
            "auc_min": AUC_MIN_EACH,
        },
        name=f"scores-by-{by}",
    )
