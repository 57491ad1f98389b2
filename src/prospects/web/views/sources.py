"""A source: its forecasts and track record, and the merge and split forms that correct it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from prospects.ledger import SourceRow
from prospects.reality.track_record import track_record
from prospects.web import charts, security
from prospects.web.render import Page, respond

router = APIRouter()
SHOWN = 200


@router.get("/sources", include_in_schema=False)
def sources(request: Request) -> Response:
    return respond(request, sources_page(request, request.query_params.get("q")))


def sources_page(request: Request, q: str | None) -> Page:
    name = (q or "").strip()[:200] or None
    found = request.app.state.ledger.sources(name=name, limit=SHOWN)
    return Page(
        "sources.html",
        "Sources",
        rows=[s.to_dict() for s in found],
        context={"sources": found, "q": name or ""},
        name="sources",
    )


def source_or_404(request: Request, source_id: str) -> SourceRow:
    found = request.app.state.ledger.source(source_id)
    if found is None:
        raise HTTPException(404, f"no source {source_id!r}")
    return found


@router.get("/sources/{source_id}", include_in_schema=False)
def source(request: Request, source_id: str) -> Response:
    row = source_or_404(request, source_id)
    if row.merged_into:
        return RedirectResponse(f"/sources/{row.merged_into}", 307)
    return respond(request, source_page(request, source_id))


def source_page(request: Request, source_id: str) -> Page:
    row = source_or_404(request, source_id)
    while row.merged_into:
        row = source_or_404(request, row.merged_into)
    record = track_record(request.app.state.ledger, row, limit=SHOWN)
    return Page(
        "source.html",
        row.name or f"unnamed {row.type}",
        rows=[f.flat() for f in record.forecasts],
        data=record.to_dict(),
        context={
            "source": row,
            "record": record,
            "score": record.score,
            "dots": charts.calibration(record.score.bins),
            "line": charts.brier_line(record.over_time),
            "brier_dots": charts.brier_dots(record.over_time),
            "size": charts.SIZE,
            "margin": charts.MARGIN,
        },
        name=f"source-{row.id}",
    )


@router.post("/sources/{source_id}/merge", include_in_schema=False)
def merge(
    request: Request,
    source_id: str,
    writer: security.FormWriter,
    other: Annotated[str, Form(max_length=200)],
) -> Response:
    """Merge `other` into this source."""
    kept = request.app.state.ledger.merge_sources(source_id, other.strip())
    return RedirectResponse(f"/sources/{kept.id}", 303)


@router.post("/sources/{source_id}/split", include_in_schema=False)
def split(
    request: Request,
    source_id: str,
    writer: security.FormWriter,
    articles: Annotated[str, Form(max_length=5000)],
    name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Give this source's mentions in the listed articles a new source."""
    ids = [a for a in articles.replace(",", " ").split() if a]
    new = request.app.state.ledger.split_source(source_id, ids, name=name.strip() or None)
    return RedirectResponse(f"/sources/{new.id}", 303)
