"""The JSON API under /api: what the pages show and do, for programs. Writes need
`Authorization: Bearer <token>` (a token of `prospects token create`); the API takes no
cookies for writing, so it needs no CSRF token."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from pydantic import BaseModel, Field

from prospects import reality
from prospects.web import security
from prospects.web.views import articles, forecasts, queue, scores, sources
from prospects.web.views import ingest as ingest_view

router = APIRouter(tags=["api"])


class Problem(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem} for code in (400, 401, 403, 404, 413, 422)
}


def bearer_writer(request: Request) -> security.Writer:
    if security.bearer(request) is None:
        raise HTTPException(401, "the API writes with Authorization: Bearer <token>")
    return security.require_writer(request)


Writer = Annotated[security.Writer, Depends(bearer_writer)]
Text = Annotated[str | None, Query(max_length=500)]


@router.get("/forecasts", responses=ERRORS)
def list_forecasts(
    request: Request,
    q: Text = None,
    source: Text = None,
    source_type: Text = None,
    outlet: Text = None,
    kind: Text = None,
    status: Text = None,
    since: date | None = None,
    until: date | None = None,
    horizon_since: date | None = None,
    horizon_until: date | None = None,
    sort: Text = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> dict[str, Any]:
    """Forecasts, newest article first, 50 a page; `more` says whether another page follows."""
    params = {k: str(v) for k, v in locals().items() if k != "request" and v is not None}
    return _json(forecasts.list_page(request, params).download)


@router.get("/forecasts/{forecast_id}", responses=ERRORS)
def get_forecast(request: Request, forecast_id: str) -> Any:
    """One forecast (by id or unique prefix) with its resolution history."""
    return _json(forecasts.forecast_page(request, forecast_id).download)


class ResolveIn(BaseModel):
    outcome: str = Field(max_length=20, description="yes, no, partly or void")
    evidence: str = Field(max_length=5000, description="a text or URL showing what happened")
    on: date | None = Field(None, description="when it was resolved (default: today)")
    reason: str | None = Field(None, max_length=2000, description="needed for void")


@router.post("/forecasts/{forecast_id}/resolutions", responses=ERRORS, status_code=201)
def resolve(request: Request, forecast_id: str, body: ResolveIn, writer: Writer) -> Any:
    """Record what happened; appended to the hash-chained resolution log."""
    row = forecasts.forecast_or_404(request, forecast_id)
    entry = reality.resolve(
        request.app.state.ledger,
        row.id,
        body.outcome,
        body.evidence,
        writer.name,
        body.on,
        body.reason,
    )
    return _json(entry.to_dict())


class CorrectIn(BaseModel):
    why: str = Field(min_length=1, max_length=2000, description="why the forecast was wrong")
    source: str | None = Field(None, max_length=200, description="a source id, or a name")
    proposition: str | None = Field(None, max_length=2000)
    kind: str | None = Field(None, max_length=20, description="prediction, conditional, ...")
    probability: float | None = Field(None, ge=0, le=1)
    horizon_end: date | None = None
    condition: str | None = Field(None, max_length=2000, description="empty text clears it")
    not_a_forecast: bool = False


@router.post("/forecasts/{forecast_id}/corrections", responses=ERRORS, status_code=201)
def correct(request: Request, forecast_id: str, body: CorrectIn, writer: Writer) -> Any:
    """Correct fields of a forecast; each change is an audited entry in the hash chain."""
    row = forecasts.forecast_or_404(request, forecast_id)
    changes = body.model_dump(exclude={"why", "not_a_forecast"}, exclude_none=True)
    if body.not_a_forecast:
        changes["not_a_forecast"] = True
    if not changes:
        raise HTTPException(400, "nothing to correct: change at least one field")
    made = reality.correct(request.app.state.ledger, row.id, changes, writer.name, body.why)
    return _json([c.to_dict() for c in made])


@router.get("/articles/{article_id}", responses=ERRORS)
def get_article(request: Request, article_id: str) -> Any:
    """An article's record with its text, and its forecasts as stored."""
    return _json(articles.article_page(request, article_id).download)


@router.get("/sources", responses=ERRORS)
def list_sources(request: Request, q: Text = None) -> Any:
    """Sources across articles, most forecasts first (200 at most); `q`: words of a name."""
    return _json(sources.sources_page(request, q).download)


@router.get("/sources/{source_id}", responses=ERRORS)
def get_source(request: Request, source_id: str) -> Any:
    """A source's track record: scores, calibration bins, Brier over time, its forecasts."""
    return _json(sources.source_page(request, source_id).download)


class MergeIn(BaseModel):
    other: str = Field(max_length=200, description="the source merged into this one")


@router.post("/sources/{source_id}/merge", responses=ERRORS)
def merge(request: Request, source_id: str, body: MergeIn, writer: Writer) -> Any:
    kept = request.app.state.ledger.merge_sources(source_id, body.other.strip())
    return _json(kept.to_dict())


class SplitIn(BaseModel):
    articles: list[str] = Field(max_length=1000, description="ids (or prefixes) of articles")
    name: str | None = Field(None, max_length=200, description="the new source's name")


@router.post("/sources/{source_id}/split", responses=ERRORS)
def split(request: Request, source_id: str, body: SplitIn, writer: Writer) -> Any:
    new = request.app.state.ledger.split_source(source_id, body.articles, name=body.name)
    return _json(new.to_dict())


@router.get("/due", responses=ERRORS)
def get_due(request: Request) -> Any:
    """Unresolved forecasts whose horizon has ended, oldest first."""
    return _json(queue.due_page(request).download)


@router.get("/matches", responses=ERRORS)
def get_matches(request: Request) -> Any:
    """Platform questions proposed as resolutions of unresolved forecasts."""
    return _json(queue.matches_page(request).download)


@router.get("/scores", responses=ERRORS)
def get_scores(
    request: Request,
    by: Annotated[str, Query(max_length=20)] = "source",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Any:
    """Brier, log score, AUC, calibration and pledges per source, source type or outlet, most
    resolved first, 100 groups a page."""
    return _json(scores.scores_page(request, by, page).download)


@router.post("/ingest", responses=ERRORS, status_code=201)
async def ingest(
    request: Request,
    writer: Writer,
    upload: Annotated[UploadFile | None, File(description="an article, RSS/Atom or WARC")] = None,
    text: Annotated[str, Form(max_length=5_000_000, description="or a pasted text")] = "",
) -> Any:
    """Analyse and store a document as `prospects ingest` does; errors name the document."""
    name, data = await ingest_view.received(request, upload, text)
    return _json(ingest_view.store_document(request, data, name).download)


def _json(data: Any) -> Any:
    from prospects.web.render import plain

    return plain(data)
