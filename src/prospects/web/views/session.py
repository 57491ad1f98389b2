"""Logging in with a token: the session cookie names the token's id, signed by the server."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from prospects.web import security
from prospects.web.render import Page, respond

router = APIRouter()


def _back(next_url: str) -> str:
    # only a path of this site: a login link must not send a user elsewhere
    return next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"


@router.get("/login", include_in_schema=False)
def login_form(request: Request) -> Response:
    back = _back(request.query_params.get("next", "/"))
    return respond(request, Page("login.html", "Log in", context={"next": back}))


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    token: Annotated[str, Form(max_length=200)],
    next_url: Annotated[str, Form(alias="next", max_length=500)] = "/",
) -> Response:
    found = request.app.state.ledger.check_token(token.strip())
    if found is None:
        raise HTTPException(401, "that token is unknown or revoked")
    response = RedirectResponse(_back(next_url), 303)
    response.set_cookie(
        security.SESSION_COOKIE,
        request.app.state.signer.sign(found.id),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        max_age=12 * 3600,
    )
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request) -> Response:
    response = RedirectResponse("/", 303)
    response.delete_cookie(security.SESSION_COOKIE)
    return response
