"""Work waiting for a person: the due queue (forecasts whose horizon has ended, unresolved) and
the platform questions proposed as their resolution."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from prospects import reality
from prospects.web import security
from prospects.web.render import Page, respond

router = APIRouter()
SHOWN = 200


@router.get("/due", include_in_schema=False)
def due(request: Request) -> Response:
    return respond(request, due_page(request))


def due_page(request: Request) -> Page:
    found = reality.due(request.app.state.ledger)
    shown = found[:SHOWN]
    return Page(
        "due.html",
        "Due for resolution",
        rows=[
            {**vars(d.forecast), "due": d.due, "default_window": d.default_window} for d in shown
        ],
        context={"due": shown, "total": len(found), "outcomes": reality.OUTCOMES},
        name="due",
    )


@router.get("/matches", include_in_schema=False)
def matches(request: Request) -> Response:
    return respond(request, matches_page(request))


def matches_page(request: Request) -> Page:
    # match() already leaves out the pairs a person rejected
    found = reality.match(request.app.state.ledger)[:SHOWN]
    return Page(
        "matches.html",
        "Question matches",
        rows=[m.to_dict() for m in found],
        context={"matches": found},
        name="matches",
    )


@router.post("/matches/accept", include_in_schema=False)
def accept(
    request: Request,
    writer: security.FormWriter,
    forecast_id: Annotated[str, Form(max_length=100)],
    question_id: Annotated[str, Form(max_length=300)],
    invert: Annotated[bool, Form()] = False,
) -> Response:
    """Resolve the forecast from the question (inverted when it asks the opposite)."""
    reality.accept(request.app.state.ledger, forecast_id, question_id, writer.name, invert)
    return RedirectResponse("/matches", 303)


@router.post("/matches/reject", include_in_schema=False)
def reject(
    request: Request,
    writer: security.FormWriter,
    forecast_id: Annotated[str, Form(max_length=100)],
    question_id: Annotated[str, Form(max_length=300)],
) -> Response:
    """Record that the question does not ask what the forecast says: it is proposed no more."""
    request.app.state.ledger.reject_match(forecast_id, question_id, writer.name)
    return RedirectResponse("/matches", 303)
