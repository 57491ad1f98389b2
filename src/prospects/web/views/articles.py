"""An article: its text with quotes and forecasts marked, its sources, and the headline check."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from prospects.web.highlight import Mark, runs
from prospects.web.render import Page, respond

router = APIRouter()


@router.get("/articles/{article_id}", include_in_schema=False)
def article(request: Request, article_id: str) -> Response:
    return respond(request, article_page(request, article_id))


def article_page(request: Request, article_id: str) -> Page:
    stored = request.app.state.ledger.article(article_id)
    if stored is None:
        raise HTTPException(404, f"no article {article_id!r}")
    record = stored.record
    text = record.article.text or ""
    marks = [Mark(q.id, "quote", q.content.start, q.content.end) for q in record.quotes]
    marks += [Mark(f.id, "forecast", f.start, f.end) for f in stored.forecasts if not f.retired]
    by_id = {f.id: f for f in stored.forecasts}
    names = {s.id: s for s in record.sources}
    return Page(
        "article.html",
        record.article.title or f"Article {record.article.id[:12]}",
        rows=[f.flat() for f in stored.forecasts],
        data={"record": record.to_dict(), "forecasts": [f.to_dict() for f in stored.forecasts]},
        context={
            "record": record,
            "runs": runs(text, marks),
            "forecasts": by_id,
            "quotes": {q.id: q for q in record.quotes},
            "sources": names,
        },
        name=f"article-{record.article.id[:12]}",
    )
