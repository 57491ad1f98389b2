"""Who may write, and the headers and form tokens that keep a browser from being turned on the
ledger.

Reading is open. Writing (resolve, correct, ingest, merge, split) needs a token made with
`prospects token create NAME`: as `Authorization: Bearer <token>` on the API, or once on the
login form, which sets a session cookie naming the token's id, signed with the server's secret.
The token itself is stored hashed in the ledger and can be revoked, which ends its sessions too.

Forms carry a CSRF token derived from the session (HMAC of its value), so another site cannot
post a form in the user's name: it can neither read the cookie nor compute the field.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, HTTPException, Request

SESSION_COOKIE = "prospects_session"
CSRF_FIELD = "csrf_token"

# Only the app's own files run: no inline script, no eval, no other origin. Inline styles are
# refused too (htmx's indicator style is switched off in base.html for this reason).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@dataclass(frozen=True)
class Writer:
    """Who is writing: the name of the token used."""

    name: str
    token_id: str


class Signer:
    """Signs session values with the server's secret (random per start unless configured)."""

    def __init__(self, secret: str | None = None) -> None:
        self.key = (secret or secrets.token_hex(32)).encode("utf-8")

    def sign(self, value: str) -> str:
        return f"{value}.{self._mac(value)}"

    def unsign(self, signed: str | None) -> str | None:
        if not signed or "." not in signed:
            return None
        value, mac = signed.rsplit(".", 1)
        return value if hmac.compare_digest(mac, self._mac(value)) else None

    def csrf(self, session: str) -> str:
        return self._mac(f"csrf:{session}")

    def _mac(self, value: str) -> str:
        return hmac.new(self.key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def writer_of(request: Request) -> Writer | None:
    """The writer a request speaks for: its bearer token, else its session cookie."""
    ledger = request.app.state.ledger
    token = bearer(request)
    if token is not None:
        found = ledger.check_token(token)
        return Writer(found.name, found.id) if found else None
    token_id = request.app.state.signer.unsign(request.cookies.get(SESSION_COOKIE))
    if token_id is None:
        return None
    found = ledger.token(token_id)
    return Writer(found.name, found.id) if found and not found.revoked else None


def require_writer(request: Request) -> Writer:
    """The writer, or 401 for a request without a valid token or session."""
    found = writer_of(request)
    if found is None:
        raise HTTPException(401, "writing needs a token: log in, or send Authorization: Bearer")
    return found


def form_writer(request: Request, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Writer:
    """The writer of a form post: a valid token or session (else 401), and the form's CSRF
    field (else 403)."""
    writer = require_writer(request)
    check_csrf(request, csrf_token)
    return writer


FormWriter = Annotated[Writer, Depends(form_writer)]


def csrf_token(request: Request) -> str | None:
    """The form token of this request's session (None when nobody is logged in)."""
    session = request.cookies.get(SESSION_COOKIE)
    return request.app.state.signer.csrf(session) if session else None


def check_csrf(request: Request, submitted: str | None) -> None:
    """403 unless a cookie-authenticated form carries its session's token. A bearer request is
    not a browser's ambient credential, so it needs none."""
    if bearer(request) is not None:
        return
    expected = csrf_token(request)
    if expected is None or not submitted or not hmac.compare_digest(expected, submitted):
        raise HTTPException(403, "the form's CSRF token is missing or stale: reload the page")
