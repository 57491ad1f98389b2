"""Ingest from the browser: a pasted text, or an uploaded article, RSS or WARC file, analysed
and stored as `prospects ingest` would."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response

from prospects.ingest import read_bytes
from prospects.ledger import StoreResult
from prospects.ledger.loading import ingest_articles
from prospects.records import Article, IngestError
from prospects.web import security
from prospects.web.render import Page, respond

router = APIRouter()
CHUNK = 1 << 16


@router.get("/ingest", include_in_schema=False)
def ingest_form(request: Request) -> Response:
    limit = request.app.state.max_upload
    return respond(request, Page("ingest.html", "Ingest", context={"limit": limit}))


async def upload_bytes(upload: UploadFile, limit: int) -> bytes:
    """The upload's bytes; 413 as soon as it passes `limit`, before it is all read."""
    parts, size = [], 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"{upload.filename}: larger than the {limit:,}-byte limit")
        parts.append(chunk)
    return b"".join(parts)


def store_document(request: Request, data: bytes, name: str) -> Page:
    """Read `data` as a file named `name` would be read, analyse and store its articles. A
    document none of whose articles can be read is one 400 error, and nothing is stored."""
    items = list(read_bytes(data, name))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, IngestError)]
    if not articles:
        reason = errors[0].reason if errors else "no article in it"
        raise HTTPException(400, f"{name}: {reason}")
    state = request.app.state
    failed: list[IngestError] = list(errors)
    stored: list[StoreResult] = []
    summary = ingest_articles(
        state.ledger,
        articles,
        state.nlp(),
        on_stored=lambda result, _path: stored.append(result),
        on_error=failed.append,
    )
    rows = [{"article_id": r.article_id, "status": r.status} for r in stored]
    return Page(
        "ingested.html",
        f"Ingested {name}",
        rows=rows,
        data={"summary": summary.line(), "results": rows, "errors": [str(e) for e in failed]},
        context={"summary": summary, "results": stored, "errors": failed},
        name="ingested",
    )


@router.post("/ingest", include_in_schema=False)
async def ingest(
    request: Request,
    writer: security.FormWriter,
    text: Annotated[str, Form(max_length=5_000_000)] = "",
    upload: Annotated[UploadFile | None, File()] = None,
) -> Response:
    name, data = await received(request, upload, text)
    return respond(request, store_document(request, data, name))


async def received(request: Request, upload: UploadFile | None, text: str) -> tuple[str, bytes]:
    """(name, bytes) of what was sent: the uploaded file, else the pasted text."""
    limit = request.app.state.max_upload
    if upload is not None and upload.filename:
        return upload.filename, await upload_bytes(upload, limit)
    if text.strip():
        data = text.encode("utf-8")
        if len(data) > limit:
            raise HTTPException(413, f"pasted.txt: larger than the {limit:,}-byte limit")
        return "pasted.txt", data
    raise HTTPException(400, "nothing to ingest: paste a text or choose a file")
