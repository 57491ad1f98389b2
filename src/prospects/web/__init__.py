"""web: the ledger in a browser, and a JSON API, over the same library functions as the CLI.

    >>> from prospects.web import create_app                              # doctest: +SKIP
    >>> app = create_app("prospects.db")     # an ASGI app: serve it with uvicorn   # doctest: +SKIP

`serve()` runs it on loopback, as `prospects serve` does.
"""

from __future__ import annotations

from prospects.web.app import DEFAULT_MAX_UPLOAD, create_app

__all__ = ["DEFAULT_MAX_UPLOAD", "create_app", "serve"]

LOOPBACK = "127.0.0.1"


def serve(
    ledger: str | None = None,
    *,
    host: str = LOOPBACK,
    port: int = 8000,
    model: str | None = None,
    secret: str | None = None,
) -> None:
    """Serve the ledger's pages and API until interrupted (loopback unless `host` says else)."""
    import uvicorn

    uvicorn.run(
        create_app(ledger, model=model, secret=secret),
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
    )
