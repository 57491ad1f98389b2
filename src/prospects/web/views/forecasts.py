"""The forecast list and one forecast: its sentence in context, resolution history, and the
forms to resolve and correct it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from prospects import reality
from prospects.ledger import ForecastRow
from prospects.web import security
from prospects.web.filters import (
    FORECAST_KINDS,
    PAGE_SIZE,
    SORTS,
    SOURCE_TYPES,
    STATUSES,
    ListingQuery,
)
from prospects.web.render import Page, respond

router = APIRouter()
CONTEXT_CHARS = 400


def list_page(request: Request, params: dict[str, str]) -> Page:
    filters = ListingQuery.parse(params)
    ledger = request.app.state.ledger
    rows = list(ledger.iter_forecasts(**filters.ledger_arguments()))
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return Page(
        "forecasts.html",
        "Forecasts",
        rows=[r.flat() for r in rows],
        data={"forecasts": [r.to_dict() for r in rows], "page": filters.page, "more": more},
        context={
            "forecasts": rows,
            "filters": filters,
            "more": more,
            "statuses": STATUSES,
            "sorts": SORTS,
            "kinds": FORECAST_KINDS,
            "source_types": SOURCE_TYPES,
        },
        name="forecasts",
    )


@router.get("/", include_in_schema=False)
def home() -> Response:
    return RedirectResponse("/forecasts", status_code=307)


@router.get("/forecasts", include_in_schema=False)
def forecasts(request: Request) -> Response:
    return respond(request, list_page(request, dict(request.query_params)))


def forecast_or_404(request: Request, forecast_id: str) -> ForecastRow:
    row = request.app.state.ledger.forecast(forecast_id)
    if row is None:
        raise HTTPException(404, f"no forecast {forecast_id!r}")
    return row


def context_of(request: Request, row: ForecastRow) -> tuple[str, str, str]:
    """The forecast's sentence with the text around it: (before, sentence, after)."""
    text = request.app.state.ledger.article_text(row.article.id) or row.text
    if not text or text[row.start : row.end] != row.text:
        return "", row.text, ""
    before = text[max(0, row.start - CONTEXT_CHARS) : row.start]
    after = text[row.end : row.end + CONTEXT_CHARS]
    return before, row.text, after


@router.get("/forecasts/{forecast_id}", include_in_schema=False)
def forecast(request: Request, forecast_id: str) -> Response:
    return respond(request, forecast_page(request, forecast_id))


def forecast_page(request: Request, forecast_id: str) -> Page:
    row = forecast_or_404(request, forecast_id)
    ledger = request.app.state.ledger
    story = reality.history(ledger, row.id)
    before, sentence, after = context_of(request, row)
    return Page(
        "forecast.html",
        f"Forecast {row.id[:12]}",
        rows=[row.flat()],
        data={"forecast": row.to_dict(), "history": [e.to_dict() for e in story.entries]},
        context={
            "f": row,
            "history": story.entries,
            "before": before,
            "sentence": sentence,
            "after": after,
            "outcomes": reality.OUTCOMES,
            "kinds": FORECAST_KINDS,
            "today": date.today().isoformat(),
        },
        name=f"forecast-{row.id[:12]}",
    )


@router.post("/forecasts/{forecast_id}/resolve", include_in_schema=False)
def resolve_form(
    request: Request,
    forecast_id: str,
    writer: security.FormWriter,
    outcome: Annotated[str, Form(max_length=20)],
    evidence: Annotated[str, Form(max_length=5000)],
    on: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    row = forecast_or_404(request, forecast_id)
    when = _date(on)
    reality.resolve(
        request.app.state.ledger, row.id, outcome, evidence, writer.name, when, reason or None
    )
    return RedirectResponse(f"/forecasts/{row.id}", 303)


def _date(raw: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise HTTPException(400, f"on: {raw!r} is not a date (YYYY-MM-DD)") from None


def changes_of(
    source: str, proposition: str, kind: str, probability: str, horizon_end: str, condition: str,
    not_a_forecast: bool,
) -> dict[str, object]:  # fmt: skip
    """The fields of the correction form that were filled in, as `reality.correct` takes them."""
    changes: dict[str, object] = {}
    for name, value in (("source", source), ("proposition", proposition), ("kind", kind),
                        ("condition", condition)):  # fmt: skip
        if value.strip():
            changes[name] = value.strip()
    if probability.strip():
        try:
            changes["probability"] = float(probability)
        except ValueError:
            raise HTTPException(400, f"probability: {probability!r} is not a number") from None
    if horizon_end.strip():
        changes["horizon_end"] = _date(horizon_end)
    if not_a_forecast:
        changes["not_a_forecast"] = True
    if not changes:
        raise HTTPException(400, "nothing to correct: change at least one field")
    return changes


@router.post("/forecasts/{forecast_id}/correct", include_in_schema=False)
def correct_form(
    request: Request,
    forecast_id: str,
    writer: security.FormWriter,
    why: Annotated[str, Form(max_length=2000)],
    source: Annotated[str, Form(max_length=200)] = "",
    proposition: Annotated[str, Form(max_length=2000)] = "",
    kind: Annotated[str, Form(max_length=20)] = "",
    probability: Annotated[str, Form(max_length=20)] = "",
    horizon_end: Annotated[str, Form(max_length=20)] = "",
    condition: Annotated[str, Form(max_length=2000)] = "",
    not_a_forecast: Annotated[bool, Form()] = False,
) -> Response:
    row = forecast_or_404(request, forecast_id)
    changes = changes_of(
        source, proposition, kind, probability, horizon_end, condition, not_a_forecast
    )
    reality.correct(request.app.state.ledger, row.id, changes, writer.name, why)
    return RedirectResponse(f"/forecasts/{row.id}", 303)
