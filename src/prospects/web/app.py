"""The web application: FastAPI with server-rendered pages over the same library functions as
the CLI, and a JSON API under /api."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cache
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from prospects import reality
from prospects.ledger import Ledger, LedgerError
from prospects.web import api, security
from prospects.web.filters import FilterError
from prospects.web.render import Page, respond, templates
from prospects.web.scoreboard import Scoreboard
from prospects.web.views import articles, forecasts, ingest, queue, scores, session, sources

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024


def create_app(
    ledger: Ledger | str | None = None,
    *,
    model: str | None = None,
    secret: str | None = None,
    max_upload: int = DEFAULT_MAX_UPLOAD,
) -> FastAPI:
    """The app over `ledger` (a Ledger, a URL or path, or None for $PROSPECTS_DB / the default).

    `model` is the spaCy pipeline for ingest, loaded at the first upload; `secret` signs the
    session cookies (random per start when not given: sessions then end with the server).
    """
    app = FastAPI(
        title="prospects",
        summary="Forecasts in the news: the ledger, its resolutions and its sources' scores.",
        version="1",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.ledger = ledger if isinstance(ledger, Ledger) else Ledger(ledger)
    app.state.signer = security.Signer(secret)
    app.state.templates = templates()
    app.state.max_upload = max_upload
    app.state.scoreboard = Scoreboard(app.state.ledger)

    @cache
    def nlp() -> Any:
        from prospects.nlp import load

        return load(model) if model else load()

    app.state.nlp = nlp
    static = resources.files("prospects.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for module in (forecasts, articles, sources, queue, scores, ingest, session):
        app.include_router(module.router)
    app.include_router(api.router, prefix="/api")

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]):
        response = await call_next(request)
        for name, value in security.SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(FilterError, _bad_request)
    # the library's one-line refusals (a bad outcome, an unknown source, a filter value)
    app.add_exception_handler(LedgerError, _bad_request)
    app.add_exception_handler(reality.ResolveError, _bad_request)
    app.add_exception_handler(RequestValidationError, _invalid)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.query_params.get("format") in (
        "json",
        "csv",
    )


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    page = Page("error.html", f"Error {status}", context={"status": status, "message": message})
    return respond(request, page, status=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(request, exc.status_code, str(exc.detail))


async def _bad_request(request: Request, exc: Exception) -> Response:
    return _error(request, 400, str(exc))


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg')}"
        for e in exc.errors()
    )
    return _error(request, 422, problems or "the request is not valid")
